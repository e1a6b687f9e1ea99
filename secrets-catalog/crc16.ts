// CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection, no final xor): the checksum
// NATS NKEYS append (little-endian) to every encoded key and seed.

const TABLE: readonly number[] = (() => {
  const table: number[] = [];
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table.push(crc);
  }
  return table;
})();

/** CRC-16/XMODEM of the bytes, as an unsigned 16-bit number. */
export function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ b) & 0xff];
  }
  return crc;
}
