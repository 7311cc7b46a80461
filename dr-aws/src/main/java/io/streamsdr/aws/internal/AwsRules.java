package io.streamsdr.aws.internal;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS naming and value rules that neither the SDK nor moto enforces, checked before any call.
 * Every method throws {@link InvalidConfigurationException} naming the field, the value and the rule.
 */
public final class AwsRules {
    /** The DB instance identifier rule, as AWS states it. */
    public static final String INSTANCE_ID_RULE = "1 to 63 letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen";
    /** The DB snapshot identifier rule, as AWS states it. */
    public static final String SNAPSHOT_ID_RULE = "1 to 255 letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen";
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9-]+\\.[a-z0-9-]+");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SUBNET_GROUP = Pattern.compile("[A-Za-z0-9._ -]{1,255}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");

    private AwsRules() {
    }

    /** An RDS identifier (instance, snapshot, parameter group) by AWS's rule, with {@code max} characters at most. */
    public static String rdsIdentifier(String field, String value, int max) {
        String rule = max == 63 ? INSTANCE_ID_RULE : SNAPSHOT_ID_RULE.replace("255", String.valueOf(max));
        if (value == null) {
            throw new InvalidConfigurationException(field, "must not be null (" + rule + ")");
        }
        String f = field + " '" + value + "'";
        if (value.isEmpty()) {
            throw new InvalidConfigurationException(f, "must not be empty (" + rule + ")");
        }
        if (value.length() > max) {
            throw new InvalidConfigurationException(f, "must be at most " + max + " characters, was " + value.length() + " (" + rule + ")");
        }
        char first = value.charAt(0);
        if (!isAsciiLetter(first)) {
            throw new InvalidConfigurationException(f, "must begin with a letter (" + rule + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-') {
                throw new InvalidConfigurationException(f, "must contain only ASCII letters, digits and hyphens, found '" + c + "' (" + rule + ")");
            }
        }
        if (value.contains("--")) {
            throw new InvalidConfigurationException(f, "must not contain two consecutive hyphens (" + rule + ")");
        }
        if (value.endsWith("-")) {
            throw new InvalidConfigurationException(f, "must not end with a hyphen (" + rule + ")");
        }
        return value;
    }

    /** A DB instance identifier. */
    public static String instanceId(String field, String value) {
        return rdsIdentifier(field, value, 63);
    }

    /** A DB snapshot identifier. */
    public static String snapshotId(String field, String value) {
        return rdsIdentifier(field, value, 255);
    }

    /** Backup retention in days when enabling automated backups: 1 to 35. */
    public static int retentionDays(String field, int days) {
        if (days == 0) {
            throw new InvalidConfigurationException(field,
                    "must be between 1 and 35 days, was 0: a retention of 0 disables automated backups and point-in-time restore");
        }
        if (days < 1 || days > 35) {
            throw new InvalidConfigurationException(field, "must be between 1 and 35 days (the RDS limit), was " + days);
        }
        return days;
    }

    /** Tags: keys 1 to 128 characters, not starting with {@code aws:}; values at most 256 characters; 50 at most. */
    public static Map<String, String> tags(String field, Map<String, String> tags) {
        notNull(field, tags);
        if (tags.size() > 50) {
            throw new InvalidConfigurationException(field, "must hold at most 50 tags (the AWS limit), held " + tags.size());
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty() || k.length() > 128) {
                throw new InvalidConfigurationException(field + " key '" + k + "'", "must be 1 to 128 characters");
            }
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw new InvalidConfigurationException(field + " key '" + k + "'", "must not start with 'aws:' (reserved by AWS)");
            }
            String v = e.getValue();
            if (v == null || v.length() > 256) {
                throw new InvalidConfigurationException(field + " value of '" + k + "'", "must be 0 to 256 characters, not null");
            }
        }
        return Map.copyOf(tags);
    }

    /** An instance class such as {@code db.t3.micro}. */
    public static String instanceClass(String field, String value) {
        notNull(field, value);
        if (!INSTANCE_CLASS.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'", "must look like 'db.<family>.<size>', for example 'db.t3.micro'");
        }
        return value;
    }

    /** A VPC security group id such as {@code sg-0123abcd}. */
    public static String securityGroupId(String field, String value) {
        notNull(field, value);
        if (!SECURITY_GROUP.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be 'sg-' followed by 8 or 17 lowercase hexadecimal digits, for example 'sg-0123abcd'");
        }
        return value;
    }

    /** A DB subnet group name: 1 to 255 letters, digits, periods, underscores, spaces or hyphens. */
    public static String subnetGroupName(String field, String value) {
        notNull(field, value);
        if (!SUBNET_GROUP.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be 1 to 255 letters, digits, periods, underscores, spaces or hyphens");
        }
        return value;
    }

    /** A database port: 1150 to 65535. */
    public static int port(String field, int port) {
        if (port < 1150 || port > 65535) {
            throw new InvalidConfigurationException(field, "must be between 1150 and 65535 (the RDS range), was " + port);
        }
        return port;
    }

    /** An AWS region code such as {@code eu-west-1}. */
    public static String region(String field, String value) {
        notNull(field, value);
        if (!REGION.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'", "must be an AWS region code such as 'eu-west-1'");
        }
        return value;
    }

    /** A plan step id: a letter or digit, then letters, digits, '.', '_' or '-', 63 at most. */
    public static String stepId(String field, String value) {
        return Check.id(field, value); // the engine's own rule, so the two can never disagree
    }

    /**
     * A fragment id whose outputs are named {@code <id><suffix>}: the step id rule, and short enough that the
     * longest output name, {@code <id>} followed by {@code longestOutputSuffix}, fits in the engine's 63 characters.
     */
    public static String fragmentId(String field, String value, String longestOutputSuffix) {
        stepId(field, value);
        int max = 63 - longestOutputSuffix.length();
        if (value.length() > max) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be at most " + max + " characters, so that '<id>" + longestOutputSuffix + "' fits in 63; was " + value.length());
        }
        return value;
    }

    /** The S3 general purpose bucket naming rule, as AWS states it. */
    public static final String BUCKET_RULE = "3 to 63 lowercase letters, digits, '.' or '-'; begin and end with a letter or digit; no '..'; "
            + "not an IP address; not starting with 'xn--', 'sthree-' or 'amzn-s3-demo-'; not ending with '-s3alias', '--ol-s3', '.mrap', "
            + "'--x-s3' or '--table-s3'";
    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IAM_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]+");

    /** An S3 general purpose bucket name, with the reserved prefixes and suffixes the SDK lets through. */
    public static String bucketName(String field, String value) {
        notNull(field, value);
        String f = field + " '" + value + "'";
        if (value.length() < 3 || value.length() > 63) {
            throw new InvalidConfigurationException(f, "must be 3 to 63 characters, was " + value.length() + " (" + BUCKET_RULE + ")");
        }
        if (!BUCKET_CHARS.matcher(value).matches()) {
            throw new InvalidConfigurationException(f, "must contain only lowercase letters, digits, '.' and '-' (" + BUCKET_RULE + ")");
        }
        if (!Character.isLetterOrDigit(value.charAt(0)) || !Character.isLetterOrDigit(value.charAt(value.length() - 1))) {
            throw new InvalidConfigurationException(f, "must begin and end with a letter or digit (" + BUCKET_RULE + ")");
        }
        if (value.contains("..")) {
            throw new InvalidConfigurationException(f, "must not contain two adjacent periods (" + BUCKET_RULE + ")");
        }
        if (IP.matcher(value).matches()) {
            throw new InvalidConfigurationException(f, "must not be formatted as an IP address (" + BUCKET_RULE + ")");
        }
        for (String prefix : new String[] {"xn--", "sthree-", "amzn-s3-demo-"}) {
            if (value.startsWith(prefix)) {
                throw new InvalidConfigurationException(f, "must not start with the reserved prefix '" + prefix + "' (" + BUCKET_RULE + ")");
            }
        }
        for (String suffix : new String[] {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
            if (value.endsWith(suffix)) {
                throw new InvalidConfigurationException(f, "must not end with the reserved suffix '" + suffix + "' (" + BUCKET_RULE + ")");
            }
        }
        return value;
    }

    /** An IAM user name: 1 to 64 letters, digits or {@code + = , . @ _ -}. */
    public static String iamUserName(String field, String value) {
        return iamName(field, value, 64);
    }

    /** An IAM name of at most {@code max} characters: letters, digits or {@code + = , . @ _ -}. */
    public static String iamName(String field, String value, int max) {
        notNull(field, value);
        if (value.isEmpty() || value.length() > max || !IAM_NAME.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be 1 to " + max + " letters, digits or the characters + = , . @ _ - (the IAM rule)");
        }
        return value;
    }

    /** Not null, not blank. */
    public static String notBlank(String field, String value) {
        return Check.notBlank(field, value);
    }

    /** Positive. */
    public static Duration positive(String field, Duration value) {
        return Check.positive(field, value);
    }

    /** Not null. */
    public static <T> T notNull(String field, T value) {
        return Check.notNull(field, value);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
