package dev.preflight.load.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Terraform resource instance address as Terraform prints it, split into its parts:
 * {@code module.net[0].module.sub["a"].data.aws_vpc.main["x"]}. Instance keys keep their printed form
 * ({@code [0]}, {@code ["a"]}) so addresses compare exactly as Terraform wrote them.
 *
 * @param modules  the module call path, outermost first
 * @param data     a data source ({@code data.} prefix)
 * @param type     resource type, e.g. {@code aws_vpc}
 * @param name     resource name, e.g. {@code main}
 * @param key      instance key in brackets ({@code [0]}, {@code ["a"]}), or null for a single instance
 */
record TerraformAddress(List<ModuleStep> modules, boolean data, String type, String name, String key) {
    TerraformAddress {
        modules = List.copyOf(modules);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** One {@code module.NAME[KEY]} step; key is the bracketed instance key or null. */
    record ModuleStep(String name, String key) {
        @Override
        public String toString() {
            return "module." + name + (key == null ? "" : key);
        }
    }

    /** The printed module instance path, e.g. {@code module.net[0].module.sub}, or "" at the root. */
    String modulePath() {
        StringBuilder sb = new StringBuilder();
        for (ModuleStep s : modules) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** The module call names without instance keys ({@code [net, sub]}), which select the configuration. */
    List<String> moduleNames() {
        List<String> out = new ArrayList<>();
        for (ModuleStep s : modules) {
            out.add(s.name());
        }
        return out;
    }

    /** The address inside its module without instance key: {@code aws_vpc.main} or {@code data.aws_vpc.main}. */
    String localName() {
        return (data ? "data." : "") + type + "." + name;
    }

    @Override
    public String toString() {
        String mp = modulePath();
        return (mp.isEmpty() ? "" : mp + ".") + localName() + (key == null ? "" : key);
    }

    /** Parses an instance address, or returns null when the text is not one. */
    static TerraformAddress parse(String address) {
        List<String> parts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        if (!split(address, parts, keys)) {
            return null;
        }
        List<ModuleStep> modules = new ArrayList<>();
        int i = 0;
        while (i + 1 < parts.size() && parts.get(i).equals("module") && keys.get(i) == null) {
            modules.add(new ModuleStep(parts.get(i + 1), keys.get(i + 1)));
            i += 2;
        }
        boolean data = false;
        if (i < parts.size() && parts.get(i).equals("data") && keys.get(i) == null) {
            data = true;
            i++;
        }
        if (parts.size() - i != 2 || keys.get(i) != null) {
            return null;
        }
        return new TerraformAddress(modules, data, parts.get(i), parts.get(i + 1), keys.get(i + 1));
    }

    /**
     * Splits a traversal such as {@code a.b["x.y"].c[0]} into names with the bracketed key that follows each
     * (null when none). Returns false on text that is not such a traversal.
     */
    static boolean split(String text, List<String> names, List<String> keys) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                i++;
            }
            if (i == start) {
                return false;
            }
            names.add(text.substring(start, i));
            String key = null;
            if (i < n && text.charAt(i) == '[') {
                int ks = i;
                i++;
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\') {
                            i++;
                        }
                        i++;
                    }
                    i++;
                } else {
                    while (i < n && text.charAt(i) != ']') {
                        i++;
                    }
                }
                if (i >= n || text.charAt(i) != ']') {
                    return false;
                }
                i++;
                key = text.substring(ks, i);
                // a second index such as a[0][1] is not an address
                if (i < n && text.charAt(i) == '[') {
                    return false;
                }
            }
            keys.add(key);
            if (i < n) {
                if (text.charAt(i) != '.') {
                    return false;
                }
                i++;
                if (i == n) {
                    return false;
                }
            }
        }
        return !names.isEmpty();
    }
}
