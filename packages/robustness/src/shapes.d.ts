export interface ShapeSource {
  path: string;
  text: string;
}

export declare const GENERATORS: {
  deepHeadings(depth: number): string;
  deepList(depth: number): string;
  longLine(bytes: number): string;
  unbalancedEmphasis(count: number): string;
  bigTable(rows: number): string;
  files(count: number): ShapeSource[];
};

export interface Shape {
  name: string;
  make(n: number): ShapeSource[];
  /** The smallest size parameter. */
  base: number;
  /** Factor between consecutive size parameters (2 bytes for 1 from one to the next). */
  growth: number;
  /** `count` size parameters, base first, each giving about twice the bytes of the one before. */
  sizes(count: number): number[];
}

export declare const SHAPES: Shape[];
export declare function sourceBytes(sources: readonly ShapeSource[]): number;
