package dev.preflight.load;

import java.nio.file.Path;

/**
 * An input file already read and decoded (UTF-8, byte-order mark removed, size checked).
 *
 * @param displayPath the path reports show: relative to the working directory when under it, '/' separators
 * @param path        the real path, for resolving files next to it (cloud assembly templates, .tf sources)
 */
public record SourceText(String displayPath, Path path, String text) {
}
