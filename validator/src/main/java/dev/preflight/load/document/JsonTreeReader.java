package dev.preflight.load.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.preflight.load.InputBudget;
import dev.preflight.load.InputException;
import dev.preflight.load.SourceText;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into a raw {@link Value} tree (text, numbers, booleans, null, lists, maps) with the 1-based line
 * and column of every value, using Jackson's streaming parser. Duplicate keys and nesting deeper than
 * {@link #MAX_DEPTH} are errors, reported at their position.
 */
public final class JsonTreeReader {
    public static final int MAX_DEPTH = 200;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // strings up to the byte budget (Jackson's own 20 M limit would be a second, undocumented one); numbers
            // one longer than ours, so that ours, with its message, decides
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10)
                    .maxStringLength((int) InputBudget.BYTES).maxNumberLength(InputBudget.NUMBER_DIGITS + 21).build())
            .build();

    private JsonTreeReader() {
    }

    public static Value read(SourceText source) throws InputException {
        String file = source.displayPath();
        try (JsonParser p = FACTORY.createParser(source.text())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InputException(file, 1, 1, "empty file; expected a JSON document");
            }
            Value v = readValue(p, file, 0, InputBudget.meter(file));
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new InputException(file, l.getLineNr(), l.getColumnNr(), "unexpected content after the JSON document");
            }
            return v;
        } catch (InputBudget.Exceeded e) {
            throw new InputException(e.failure());
        } catch (StreamConstraintsException e) {
            JsonLocation l = e.getLocation();
            int line = l == null ? 0 : Math.max(l.getLineNr(), 0);
            int column = l == null ? 0 : Math.max(l.getColumnNr(), 0);
            String m = String.valueOf(e.getMessage());
            if (m.contains("Number value length") || m.contains("number length")) {
                throw new InputException(file, line, column, String.format(java.util.Locale.ROOT, "over budget: a "
                        + "number with more than %,d digits, the budget of numbers; write it as a string if it is "
                        + "meant as text", InputBudget.NUMBER_DIGITS));
            }
            if (m.contains("String value length") || m.contains("Name length")) {
                throw new InputException(file, line, column, "over budget: a string longer than the input's byte "
                        + "budget; split the input");
            }
            throw new InputException(file, line, column, "JSON nested deeper than " + MAX_DEPTH + " levels; not a template or plan");
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int cut = msg.indexOf('\n');
            if (cut > 0) {
                msg = msg.substring(0, cut);
            }
            int jackson = msg.indexOf(" (start marker at [Source");
            if (jackson < 0) {
                jackson = msg.indexOf(" at [Source");
            }
            if (jackson > 0) {
                msg = msg.substring(0, jackson); // Jackson's own location text; ours is file:line:col
            }
            throw new InputException(file, l == null ? 0 : Math.max(l.getLineNr(), 0),
                    l == null ? 0 : Math.max(l.getColumnNr(), 0), "invalid JSON: " + msg);
        } catch (IOException e) {
            throw new InputException(file, 0, 0, "cannot read JSON: " + e.getMessage());
        }
    }

    private static Value readValue(JsonParser p, String file, int depth, InputBudget.Meter meter)
            throws IOException, InputException {
        JsonLocation l = p.currentTokenLocation();
        SourceLocation at = new SourceLocation(file, Math.max(l.getLineNr(), 0), Math.max(l.getColumnNr(), 0));
        meter.values(1, at.line(), at.column(), "the JSON has");
        if (depth > MAX_DEPTH) {
            throw new InputException(file, at.line(), at.column(), "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Value> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, readValue(p, file, depth + 1, meter));
                }
                return new Value.Struct(fields, at);
            }
            case START_ARRAY: {
                List<Value> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, file, depth + 1, meter));
                }
                return new Value.Seq(items, at);
            }
            case VALUE_STRING:
                return new Value.Text(p.getText(), at);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p.getText(), file, at);
            case VALUE_TRUE:
                return new Value.Bool(true, at);
            case VALUE_FALSE:
                return new Value.Bool(false, at);
            case VALUE_NULL:
                return new Value.Absent(at);
            default:
                throw new InputException(file, at.line(), at.column(), "unexpected JSON token " + t);
        }
    }

    private static Value number(String raw, String file, SourceLocation at) throws InputException {
        BigDecimal d;
        try {
            d = InputBudget.number(raw);
        } catch (NumberFormatException e) {
            throw new InputException(file, at.line(), at.column(), "the number " + raw + " cannot be read; write it "
                    + "as a plain decimal number");
        }
        if (d == null) {
            throw new InputException(file, at.line(), at.column(), InputBudget.numberRefused(raw));
        }
        return new Value.Num(d, raw, at);
    }
}
