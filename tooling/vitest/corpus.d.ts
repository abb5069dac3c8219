export declare const corpusDir: string | undefined;
export declare const seedFile: string;
export declare const repoRoot: string;
export declare function corpusFiles(sub?: string): string[];
export declare function describeCorpus(name: string, body: () => void): void;
