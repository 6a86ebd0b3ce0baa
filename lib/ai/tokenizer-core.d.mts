export declare function pieces(text: string): string[];

export declare class TwoGenerationMemo<V> {
  constructor(size: number);
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

export declare const WHOLE_TEXT_MEMO_MAX: number;

export interface Counter {
  countText(text: string): number;
  countPiece(piece: string): number;
}

export declare function createCounter(encode: (piece: string) => number[]): Counter;
