declare module 'id-validator' {
  /** id-validator's checker (GB 11643 ID numbers); with a GB2260 table it also checks the region code. */
  export default class IDValidator {
    constructor(gb2260?: Record<string, string>);
    isValid(id: string): boolean;
    makeID(isFifteen?: boolean): string;
  }
}
