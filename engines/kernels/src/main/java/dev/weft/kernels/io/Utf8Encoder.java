package dev.weft.kernels.io;

import java.util.Arrays;

/** Encodes chars to UTF-8 into a reused byte array (no String in between). Unpaired surrogates become '?', as in String.getBytes. */
final class Utf8Encoder {
    private byte[] bytes = new byte[256];
    private int length;

    /** Encodes chars[start, end); the result is {@link #bytes()}[0, {@link #length()}). */
    void encode(char[] chars, int start, int end) {
        int maxBytes = (end - start) * 3;
        if (bytes.length < maxBytes) {
            bytes = new byte[Math.max(maxBytes, bytes.length * 2)];
        }
        byte[] out = bytes;
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                out[n++] = (byte) c;
            }
            else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            }
            else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                int codePoint = Character.toCodePoint(c, chars[++i]);
                out[n++] = (byte) (0xF0 | codePoint >> 18);
                out[n++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | codePoint & 0x3F);
            }
            else if (Character.isSurrogate(c)) {
                out[n++] = '?';
            }
            else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        length = n;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    byte[] copy() {
        return Arrays.copyOf(bytes, length);
    }
}
