/** `0x7b600000`: lower-case hex with a prefix, as the CLI contract writes addresses and VAs. */
export function hex(value: number | bigint): string {
  return '0x' + value.toString(16);
}
