package io.purertc.rtcp;

/**
 * The packet chunks of transport-wide feedback: how each packet's status symbol is packed into
 * 16-bit run-length and status vector chunks, and the choice of the fewest chunks.
 */
// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1-3.1.4
final class PacketStatusChunks {

    static final int NOT_RECEIVED = 0;
    static final int SMALL_DELTA = 1;
    static final int LARGE_DELTA = 2;
    static final int RESERVED = 3;

    private static final int MAX_RUN_LENGTH = 0x1FFF;
    private static final int ONE_BIT_SYMBOLS = 14;
    private static final int TWO_BIT_SYMBOLS = 7;
    private static final int VECTOR = 0x8000;
    private static final int TWO_BIT = 0x4000;

    private PacketStatusChunks() {
    }

    static boolean isRunLength(int chunk) {
        return (chunk & VECTOR) == 0;
    }

    /** How many symbols a chunk holds; the last chunk of a packet may hold more than are used. */
    static int symbolCount(int chunk) {
        if (isRunLength(chunk)) {
            return chunk & MAX_RUN_LENGTH;
        }
        return (chunk & TWO_BIT) == 0 ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS;
    }

    /** Symbol {@code i} of a chunk, {@link #NOT_RECEIVED} to {@link #RESERVED}. */
    static int symbol(int chunk, int i) {
        if (isRunLength(chunk)) {
            return (chunk >>> 13) & 0x3;
        }
        if ((chunk & TWO_BIT) == 0) {
            return (chunk >>> (ONE_BIT_SYMBOLS - 1 - i)) & 0x1;
        }
        return (chunk >>> (2 * (TWO_BIT_SYMBOLS - 1 - i))) & 0x3;
    }

    /**
     * The fewest chunks that carry {@code symbols}, by dynamic programming from the end: from
     * each position, the best of a run-length chunk, a 14-symbol 1-bit vector (when no large
     * delta is among its symbols) and a 7-symbol 2-bit vector. A run-length chunk either takes
     * its run as far as it can or stops 1 to 13 symbols short of the run's end to leave the rest
     * to a vector that also takes what follows: any other stop inside a run can be exchanged
     * for one of these without adding a chunk.
     */
    static int[] encode(byte[] symbols) {
        int n = symbols.length;
        int[] chunksFrom = new int[n + 1];
        int[] firstChunkEnd = new int[n + 1];
        int[] firstChunkKind = new int[n + 1];
        int runEnd = n;
        int nextLarge = n;
        for (int i = n - 1; i >= 0; i--) {
            if (i + 1 < n && symbols[i + 1] != symbols[i]) {
                runEnd = i + 1;
            }
            if (symbols[i] == LARGE_DELTA) {
                nextLarge = i;
            }
            int bestEnd = Math.min(runEnd, i + MAX_RUN_LENGTH);
            int bestKind = 0;
            for (int shortOfEnd = 1; shortOfEnd < ONE_BIT_SYMBOLS; shortOfEnd++) {
                int end = runEnd - shortOfEnd;
                if (end <= i) {
                    break;
                }
                if (end - i <= MAX_RUN_LENGTH && chunksFrom[end] < chunksFrom[bestEnd]) {
                    bestEnd = end;
                }
            }
            int oneBitEnd = Math.min(n, i + ONE_BIT_SYMBOLS);
            if (nextLarge >= oneBitEnd && chunksFrom[oneBitEnd] < chunksFrom[bestEnd]) {
                bestEnd = oneBitEnd;
                bestKind = VECTOR;
            }
            int twoBitEnd = Math.min(n, i + TWO_BIT_SYMBOLS);
            if (chunksFrom[twoBitEnd] < chunksFrom[bestEnd]) {
                bestEnd = twoBitEnd;
                bestKind = VECTOR | TWO_BIT;
            }
            chunksFrom[i] = 1 + chunksFrom[bestEnd];
            firstChunkEnd[i] = bestEnd;
            firstChunkKind[i] = bestKind;
        }
        int[] chunks = new int[chunksFrom[0]];
        for (int i = 0, c = 0; i < n; i = firstChunkEnd[i], c++) {
            chunks[c] = chunk(firstChunkKind[i], symbols, i, firstChunkEnd[i]);
        }
        return chunks;
    }

    private static int chunk(int kind, byte[] symbols, int from, int to) {
        if (kind == 0) {
            return symbols[from] << 13 | (to - from);
        }
        int bits = kind == VECTOR ? 1 : 2;
        int slots = kind == VECTOR ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS;
        int chunk = kind;
        for (int i = from; i < to; i++) {
            chunk |= symbols[i] << (bits * (slots - 1 - (i - from)));
        }
        return chunk;
    }
}
