export declare const onCI: boolean;
export declare const corpusLocation: string;
export declare const corpusDir: string | undefined;
export declare const CORPUS_FILE_COUNTS: Readonly<
  Record<'bphenriques-knowledge-base' | 'org-mode' | 'worg', number>
>;
export declare function expectedCorpusFiles(sub?: string): number;
export declare const seedFile: string;
export declare const repoRoot: string;
export declare function corpusFiles(sub?: string): string[];
export declare function corpusFingerprint(): string;
export declare function describeNeeding(
  missing: string | readonly string[] | undefined,
  name: string,
  body: () => void,
): void;
export declare function describeCorpus(name: string, body: () => void): void;
