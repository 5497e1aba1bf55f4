package dev.preflight.model;

import java.util.Objects;

/**
 * Where a resource or a value was written: the input file (as given to the run, relative to the working
 * directory when under it) and the 1-based line and column. Line 0 means "the whole file" (for example an
 * SCP file or a result about an input with no resource).
 */
public record SourceLocation(String file, int line, int column) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column are 1-based (0 = unknown): " + line + ":" + column);
        }
    }

    public static SourceLocation ofFile(String file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
