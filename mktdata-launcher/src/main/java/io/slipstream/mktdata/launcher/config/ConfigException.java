package io.slipstream.mktdata.launcher.config;

import java.util.List;

/** A config file (with its environment overrides) that cannot be used: every problem found, one line each. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @serial the problems, each {@code <file>[:<line>]: <key>: <what was expected>} */
    private final String[] errors;

    /** @param errors the problems, at least one */
    public ConfigException(final List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = errors.toArray(new String[0]);
    }

    /** @return the problems, one per line, in file order then environment order */
    public List<String> errors() {
        return List.of(errors);
    }
}
