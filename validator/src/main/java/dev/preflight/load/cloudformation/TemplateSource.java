package dev.preflight.load.cloudformation;

import dev.preflight.load.InputException;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.model.Value;

/** A template file read into its raw tree (before intrinsic functions are resolved), with its key positions. */
record TemplateSource(String file, Value.Struct root, KeyLocations keys) {

    /** JSON when the text starts with '{', YAML otherwise; the top level must be a mapping. */
    static TemplateSource parse(SourceText source) throws InputException {
        String text = source.text();
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        Value root;
        KeyLocations keys;
        if (i < text.length() && text.charAt(i) == '{') {
            keys = new KeyLocations(text);
            root = JsonTreeReader.read(source);
        } else {
            keys = new KeyLocations(null);
            root = YamlTreeReader.read(source, keys);
        }
        if (!(root instanceof Value.Struct s)) {
            throw new InputException(source.displayPath(), root.location().line(), root.location().column(),
                    "the template is " + kind(root) + ", not a mapping; a CloudFormation template is a mapping with "
                            + "a Resources section");
        }
        return new TemplateSource(source.displayPath(), s, keys);
    }

    static String kind(Value v) {
        if (v instanceof Value.Struct) {
            return "a mapping";
        }
        if (v instanceof Value.Seq) {
            return "a list";
        }
        if (v instanceof Value.Absent) {
            return "null";
        }
        return "a single value";
    }
}
