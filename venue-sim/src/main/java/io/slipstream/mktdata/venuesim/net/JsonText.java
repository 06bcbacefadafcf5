package io.slipstream.mktdata.venuesim.net;

/** JSON text helpers shared by both venues' hand-built frames. Stateless. */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends a JSON string literal, escaped.
     *
     * @param out  where to append
     * @param text the text
     * @return {@code out}
     */
    public static StringBuilder quoted(final StringBuilder out, final String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
