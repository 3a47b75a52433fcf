package dev.wgroam.it;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every SDK operation a client makes, named as IAM names the action ("dynamodb:GetItem"). */
final class OperationRecorder implements ExecutionInterceptor {

    /** SDK service names whose IAM prefix is not simply their lower case. */
    private static final Map<String, String> PREFIXES = Map.of("Ec2", "ec2", "Ssm", "ssm");

    final Set<String> actions = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String prefix = PREFIXES.getOrDefault(service, service.toLowerCase(Locale.ROOT));
        actions.add(prefix + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
