/** `0x7b600000`: lower-case hex with a prefix, as the CLI contract writes addresses and VAs. */
export function hex(value: number | bigint): string {
  return '0x' + value.toString(16);
}

/** `0x60000020`: eight digits, for flag words. */
export function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}
