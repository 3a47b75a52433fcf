package dev.wgroam.fleet;

import dev.wgroam.text.Printable;
import java.util.regex.Pattern;

/** An AWS region name such as {@code eu-west-1}. */
public record Region(String name) {

    /** The longest region names today have 15 characters ({@code us-isof-south-1}). */
    private static final int MAX_LENGTH = 32;
    private static final Pattern PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+){1,3}-[0-9]{1,2}");

    public Region {
        if (name == null || name.length() > MAX_LENGTH || !PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("not an AWS region name (like eu-west-1, at most 32 characters): " + Printable.quote(name));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
