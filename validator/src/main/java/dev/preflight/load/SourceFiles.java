package dev.preflight.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads input files for the loaders, with the documented limits: at most {@link #MAX_BYTES} per file,
 * strict UTF-8 (a byte-order mark is dropped); only regular files are opened (a FIFO or device could block or never end). Every failure is an {@link InputException} with one clear line.
 */
public final class SourceFiles {
    /** Larger files are refused: the biggest real templates and plans are a few MB. */
    public static final long MAX_BYTES = InputBudget.BYTES;

    private SourceFiles() {
    }

    public static SourceText read(Path path, String displayPath) throws InputException {
        try {
            String special = notRegularFile(path);
            if (special != null) {
                throw new InputException(displayPath, 0, 0, special + ", not a regular file; it was not read "
                        + "(name the real file)");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw tooLarge(displayPath, size);
            }
            // the size a file system reports is not trusted (procfs says 0, a file may grow while read)
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(displayPath, MAX_BYTES + 1);
            }
            return new SourceText(displayPath, path, decode(bytes, displayPath));
        } catch (NoSuchFileException e) {
            throw new InputException(displayPath, 0, 0, "no such file; check the path");
        } catch (IOException e) {
            throw new InputException(displayPath, 0, 0, "cannot read file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check permissions");
        }
    }

    private static InputException tooLarge(String displayPath, long size) {
        return new InputException(displayPath, 0, 0, "file is " + (size > MAX_BYTES && size <= MAX_BYTES + 1
                ? "over 64 MiB" : (size / (1024 * 1024)) + " MiB") + ", over the " + (MAX_BYTES / (1024 * 1024))
                + " MiB input budget (bytes); split it or check that it is really a template or plan");
    }

    /**
     * What {@code path} is when it exists but is neither a regular file nor a directory ("a FIFO (named pipe)",
     * "a character device", ...), following symbolic links; null for a regular file, a directory or a missing
     * path. Decided from the file's mode without opening it: opening a FIFO blocks until a writer comes.
     */
    public static String notRegularFile(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
        if (a.isRegularFile() || a.isDirectory()) {
            return null;
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    static String decode(byte[] bytes, String displayPath) throws InputException {
        if (terraformPlanFile(bytes)) {
            throw new InputException(displayPath, 0, 0, "a binary Terraform plan (terraform plan -out); check its "
                    + "JSON instead: terraform show -json " + displayPath + " > plan.json");
        }
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int col = 1;
            // locate the first invalid byte for the message
            int bad = firstInvalidUtf8(bytes, start);
            for (int i = start; i < bad && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    col = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    col++;
                }
            }
            throw new InputException(displayPath, line, col,
                    "invalid UTF-8 (byte offset " + bad + "); save the file as UTF-8");
        }
    }

    /**
     * A plan file of {@code terraform plan -out}: a zip archive whose first entry is {@code tfplan} (Terraform's
     * {@code planfile} writer puts it first).
     */
    private static boolean terraformPlanFile(byte[] b) {
        byte[] name = "tfplan".getBytes(StandardCharsets.US_ASCII);
        if (b.length < 30 + name.length || b[0] != 'P' || b[1] != 'K' || b[2] != 3 || b[3] != 4) {
            return false;
        }
        int nameLength = (b[26] & 0xFF) | (b[27] & 0xFF) << 8;
        return nameLength == name.length && java.util.Arrays.equals(b, 30, 30 + name.length, name, 0, name.length);
    }

    private static int firstInvalidUtf8(byte[] b, int start) {
        int i = start;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
            if (n < 0) {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return b.length;
    }
}
