/*
 * kgl_crc32.c: CRC-32 as zlib's crc32() and IEEE 802.3 define it (reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF), so crc32("123456789") == 0xCBF43926.
 * Four bits per step through a 64-byte const table (entry n: the CRC register after the four
 * bits of n are shifted out), two steps per byte: the check runs once, at load, and a
 * byte-wide table would cost 1 KiB of flash.
 */
#include "kgl_internal.h"

static const uint32_t kgl_crc32_nibbles[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu
};

uint32_t kgl_crc32(uint32_t crc, const void *data, size_t size) {
    const uint8_t *p = (const uint8_t *)data;
    crc = ~crc;
    for (size_t i = 0; i < size; i++) {
        crc ^= p[i];
        crc = kgl_crc32_nibbles[crc & 0xFu] ^ (crc >> 4);
        crc = kgl_crc32_nibbles[crc & 0xFu] ^ (crc >> 4);
    }
    return ~crc;
}
