package dev.wgroam.functions.aws;

import java.util.Set;

/**
 * The IAM actions each function needs, in one place: every SDK operation its adapters call, named as
 * IAM names it. template.yaml's policies must allow exactly these (TemplateTest), and the calls the
 * functions make against the emulators must be among them (PermissionsTest).
 */
public final class Permissions {

    public static final Set<String> OWNERSHIP = Set.of(
            "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:Query",
            "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "ssm:SendCommand");

    public static final Set<String> FAILOVER = Set.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query",
            "globalaccelerator:DescribeEndpointGroup", "globalaccelerator:UpdateEndpointGroup",
            "ec2:DescribeRouteTables", "ec2:ReplaceRoute",
            "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms");

    private Permissions() {
    }
}
