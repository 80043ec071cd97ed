package dev.weft.kernels.io;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFormat;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits CSV text into records and fields (RFC 4180): a state machine over a char buffer. Fields are separated by
 * the delimiter; a field that starts with the quote char runs to the matching quote and may hold delimiters, line
 * breaks and quotes (doubled, or preceded by the format's escape char); records end at {@code \n}, {@code \r\n} or
 * {@code \r}. A byte order mark at the start is skipped. The fields of the current record are kept in one reused
 * char array; nothing is allocated per record.
 */
final class CsvRecordParser {
    private static final int END_OF_INPUT = -1;
    private static final int INPUT_CHARS = 64 * 1024;

    private final Reader reader;
    private final String source;
    private final char delimiter;
    private final char quote;
    private final char escape;
    private final boolean blankLineIsRecord;

    private final char[] input = new char[INPUT_CHARS];
    private int inputPosition;
    private int inputLimit;
    private boolean endOfInput;
    private boolean started;

    private char[] chars = new char[1024];
    private int length;
    private int[] fieldStarts = new int[16];
    private int[] fieldEnds = new int[16];
    private boolean[] fieldQuoted = new boolean[16];
    private int fieldCount;

    /** Physical line (1-based) where the next record starts; line breaks inside quoted fields count. */
    private long line = 1;
    private long recordLine;

    /**
     * @param source the file name for error messages
     * @param blankLineIsRecord whether an empty line is a record of one empty field (else it is skipped)
     */
    CsvRecordParser(Reader reader, CsvFormat format, String source, boolean blankLineIsRecord) {
        this.reader = reader;
        this.source = source;
        this.delimiter = format.delimiter();
        this.quote = format.quote();
        this.escape = format.escape();
        this.blankLineIsRecord = blankLineIsRecord;
    }

    /** Reads the next record; false at the end of the input. */
    boolean next() throws IOException {
        while (true) {
            fieldCount = 0;
            length = 0;
            recordLine = line;
            int c = read();
            if (c == END_OF_INPUT) {
                return false;
            }
            if (c == '\n' || c == '\r') {
                endLine(c);
                if (blankLineIsRecord) {
                    addField(0, false);
                    return true;
                }
                continue;
            }
            parseRecord(c);
            return true;
        }
    }

    private void parseRecord(int first) throws IOException {
        int c = first;
        while (true) {
            int start = length;
            boolean quoted = c == quote;
            if (quoted) {
                c = readQuoted();
            }
            else {
                while (c != delimiter && c != '\n' && c != '\r' && c != END_OF_INPUT) {
                    append((char) c);
                    c = read();
                }
            }
            addField(start, quoted);
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c == '\n' || c == '\r') {
                endLine(c);
                return;
            }
            if (c == END_OF_INPUT) {
                return;
            }
            throw new WeftException(ErrorCode.MALFORMED_INPUT,
                    ("%s:%d: field %d has the character '%s' after its closing quote %s; a quoted field must end right before a "
                            + "delimiter or a line break: fix the quoting (write a quote inside a quoted field as %s%s)")
                            .formatted(source, line, fieldCount, printable((char) c), quote, escape, quote));
        }
    }

    /** Reads the rest of a quoted field after its opening quote; returns the char after the closing quote. */
    private int readQuoted() throws IOException {
        long startLine = line;
        while (true) {
            int c = read();
            if (c == END_OF_INPUT) {
                throw unterminated(startLine);
            }
            if (c == quote) {
                int next = read();
                if (next != quote) {
                    return next;
                }
                append(quote);
                continue;
            }
            if (c == escape) {
                c = read();
                if (c == END_OF_INPUT) {
                    throw unterminated(startLine);
                }
            }
            if (c == '\n') {
                line++;
            }
            append((char) c);
        }
    }

    private WeftException unterminated(long startLine) {
        return new WeftException(ErrorCode.MALFORMED_INPUT,
                ("%s:%d: field %d starts with a quote %s that is never closed (the file ends inside it); close the quote, or "
                        + "double quotes that are part of the value").formatted(source, startLine, fieldCount + 1, quote));
    }

    private void endLine(int c) throws IOException {
        line++;
        if (c == '\r') {
            int next = read();
            if (next != '\n' && next != END_OF_INPUT) {
                inputPosition--;
            }
        }
    }

    private int read() throws IOException {
        if (inputPosition == inputLimit) {
            if (endOfInput || !refill()) {
                return END_OF_INPUT;
            }
        }
        return input[inputPosition++];
    }

    private boolean refill() throws IOException {
        int read;
        do {
            read = reader.read(input, 0, input.length);
        } while (read == 0);
        if (read < 0) {
            endOfInput = true;
            return false;
        }
        inputPosition = 0;
        inputLimit = read;
        if (!started) {
            started = true;
            if (input[0] == '\uFEFF') {
                inputPosition = 1;
                return inputLimit > 1 || refill();
            }
        }
        return true;
    }

    private void append(char c) {
        if (length == chars.length) {
            chars = Arrays.copyOf(chars, chars.length * 2);
        }
        chars[length++] = c;
    }

    private void addField(int start, boolean quoted) {
        if (fieldCount == fieldStarts.length) {
            fieldStarts = Arrays.copyOf(fieldStarts, fieldCount * 2);
            fieldEnds = Arrays.copyOf(fieldEnds, fieldCount * 2);
            fieldQuoted = Arrays.copyOf(fieldQuoted, fieldCount * 2);
        }
        fieldStarts[fieldCount] = start;
        fieldEnds[fieldCount] = length;
        fieldQuoted[fieldCount] = quoted;
        fieldCount++;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? "\\u%04x".formatted((int) c) : String.valueOf(c);
    }

    int fieldCount() {
        return fieldCount;
    }

    /** The chars of the current record's fields; field i is chars()[fieldStart(i), fieldEnd(i)). */
    char[] chars() {
        return chars;
    }

    int fieldStart(int field) {
        return fieldStarts[field];
    }

    int fieldEnd(int field) {
        return fieldEnds[field];
    }

    boolean fieldQuoted(int field) {
        return fieldQuoted[field];
    }

    String field(int field) {
        return new String(chars, fieldStarts[field], fieldEnds[field] - fieldStarts[field]);
    }

    /** The physical line (1-based) where the current record starts. */
    long recordLine() {
        return recordLine;
    }
}
