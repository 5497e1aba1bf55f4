package dev.preflight.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The picocli annotations of one class's fields as the build recorded them ({@code OptionIndexProcessor} of the
 * option-index module writes {@code META-INF/preflight/options/<class>.tsv}): the plain command-line binding reads
 * this instead of the annotations, which on JDK 17 cost a dynamic proxy class per annotation type at run time.
 */
final class OptionIndex {
    /** One annotated field; {@code kind} is option, parameters, mixin or unsupported (which the binding leaves to picocli). */
    static final class Member {
        final String kind;
        final String field;
        final List<String> names;
        final String defaultValue;
        final boolean negatable;
        final String split;
        final String arity;
        final boolean usageHelp;
        final boolean versionHelp;
        final String index;

        private Member(String[] cells) {
            kind = cells[0];
            field = cells[1];
            boolean option = kind.equals("option");
            names = option ? List.of(cells[2].split(",")) : List.of();
            defaultValue = option ? cells[3] : null;
            negatable = option && Boolean.parseBoolean(cells[4]);
            split = option ? cells[5] : "";
            arity = option ? cells[6] : kind.equals("parameters") ? cells[3] : "";
            usageHelp = option && Boolean.parseBoolean(cells[7]);
            versionHelp = option && Boolean.parseBoolean(cells[8]);
            index = kind.equals("parameters") ? cells[2] : "";
        }
    }

    private OptionIndex() {
    }

    /** The members of {@code type}, in declaration order; null when the build wrote no index for it. */
    static List<Member> of(Class<?> type) throws IOException {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream("META-INF/preflight/options/" + type.getName() + ".tsv")) {
            if (in == null) {
                return null;
            }
            List<Member> members = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty()) {
                    members.add(new Member(cells(line)));
                }
            }
            return members;
        }
    }

    /** The tab-separated cells of a line, with the processor's escapes (\t, \n, \\) undone. */
    private static String[] cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                out.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                cell.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out.toArray(new String[0]);
    }
}
