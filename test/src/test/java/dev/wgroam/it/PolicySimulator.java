package dev.wgroam.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM's evaluation of identity and resource policy statements, for the parts the template uses:
 * Allow and Deny (an explicit Deny wins, nothing allowed is denied), Action and Resource with
 * {@code *} and {@code ?} wildcards, policy variables such as {@code ${ec2:SourceInstanceARN}}
 * taken from the request context, and the condition operators StringEquals, StringLike,
 * StringNotEquals, StringNotLike (each also as ...IfExists), with the ForAllValues: and
 * ForAnyValue: set qualifiers. AWS's documented semantics, including the trap that ForAllValues
 * over a key that is absent or empty is true. Any other operator or a Principal/NotAction element
 * is an error, so a statement is never silently read as something it is not.
 *
 * <p>It is a model, checked by {@code PolicySimulatorTest} against the examples of AWS's
 * documentation; it lets the tests ask the questions the trust model turns on ("may node A put
 * node B's heartbeat?") of the template itself.
 */
final class PolicySimulator {

    /** One API request: the action, the resource ARN, and the request's condition keys (multi-valued). */
    record Request(String action, String resource, Map<String, List<String>> context) {
    }

    enum Decision { ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final List<Map<String, Object>> statements;

    /** @param statements statements already evaluated by {@link Template#evaluate} (no intrinsic functions left) */
    PolicySimulator(List<Map<String, Object>> statements) {
        this.statements = List.copyOf(statements);
    }

    Decision decide(Request request) {
        boolean allowed = false;
        for (Map<String, Object> statement : statements) {
            for (String element : statement.keySet()) {
                if (!List.of("Sid", "Effect", "Action", "Resource", "Condition", "Principal").contains(element)) {
                    throw new UnsupportedOperationException("statement element " + element + " is not modelled");
                }
            }
            if (!matchesAny(strings(statement.get("Action")), request.action(), Map.of(), true)) {
                continue;
            }
            Object resource = statement.getOrDefault("Resource", "*");
            if (!matchesAny(strings(resource), request.resource(), request.context(), false)) {
                continue;
            }
            if (!conditionsHold(statement.get("Condition"), request.context())) {
                continue;
            }
            if ("Deny".equals(statement.get("Effect"))) {
                return Decision.EXPLICIT_DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }

    boolean allows(Request request) {
        return decide(request) == Decision.ALLOWED;
    }

    @SuppressWarnings("unchecked")
    private static boolean conditionsHold(Object condition, Map<String, List<String>> context) {
        if (condition == null) {
            return true;
        }
        for (Map.Entry<String, Object> operator : ((Map<String, Object>) condition).entrySet()) {
            for (Map.Entry<String, Object> key : ((Map<String, Object>) operator.getValue()).entrySet()) {
                List<String> wanted = strings(key.getValue()).stream().map(v -> substitute(v, context)).toList();
                if (!holds(operator.getKey(), context.get(key.getKey()), wanted)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operator, List<String> present, List<String> wanted) {
        String qualifier = "";
        String op = operator;
        if (op.startsWith("ForAllValues:") || op.startsWith("ForAnyValue:")) {
            qualifier = op.substring(0, op.indexOf(':'));
            op = op.substring(op.indexOf(':') + 1);
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        boolean negated = op.startsWith("StringNot");
        boolean like = op.endsWith("Like");
        if (!List.of("StringEquals", "StringLike", "StringNotEquals", "StringNotLike").contains(op)) {
            throw new UnsupportedOperationException("condition operator " + operator + " is not modelled");
        }
        List<String> values = present == null ? List.of() : present;
        if (qualifier.equals("ForAllValues")) {
            // Every value in the request must match one wanted value; true for no values at all.
            return values.stream().allMatch(v -> matchesOne(v, wanted, like) != negated);
        }
        if (qualifier.equals("ForAnyValue")) {
            return values.stream().anyMatch(v -> matchesOne(v, wanted, like) != negated);
        }
        if (values.isEmpty()) {
            // An absent key: false for a positive operator, true for a negated one; IfExists makes it true.
            return ifExists || negated;
        }
        boolean match = matchesOne(values.get(0), wanted, like);
        return negated != match;
    }

    private static boolean matchesOne(String value, List<String> wanted, boolean like) {
        return wanted.stream().anyMatch(w -> like ? glob(w, false).matcher(value).matches() : w.equals(value));
    }

    private static boolean matchesAny(List<String> patterns, String value, Map<String, List<String>> context,
                                      boolean caseInsensitive) {
        return patterns.stream().anyMatch(p -> glob(substitute(p, context), caseInsensitive).matcher(value).matches());
    }

    private static Pattern glob(String pattern, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
    }

    /** Replaces {@code ${key}} with the request's single value of that key; a missing key matches nothing. */
    private static String substitute(String text, Map<String, List<String>> context) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> value = context.get(m.group(1));
            String replacement = value == null || value.size() != 1 ? "\u0000unresolved:" + m.group(1) : value.get(0);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            list.forEach(v -> out.add(String.valueOf(v)));
            return out;
        }
        return List.of(String.valueOf(value));
    }
}
