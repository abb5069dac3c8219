/** Runs git in `cwd` as a fixed author; `date` (ISO 8601) is the author and committer date. */
export declare function gitIn(cwd: string): (args: string[], date?: string) => void;
