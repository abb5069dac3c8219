export declare const neverEndingParse: string;
export declare const NEVER_ENDING_FILE: string;
