package io.rescind.core.user;

/**
 * A phone number normalised to E.164 ({@code +} and 8 to 15 digits); spaces, dots, dashes and parentheses are dropped.
 */
public record PhoneNumber(String value) {
    public PhoneNumber {
        String digits = value.strip().replaceAll("[\\s().-]", "");
        if (!digits.matches("\\+[1-9][0-9]{7,14}")) {
            throw new IllegalArgumentException("phone_number must be in E.164 form, like +14155550100");
        }
        value = digits;
    }

    @Override
    public String toString() {
        return value;
    }
}
