package dev.wgroam.it;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Records every SDK operation a client makes, named as IAM names the action ("dynamodb:GetItem"),
 * and every request in the order made, for tests that count what a reader read.
 */
final class OperationRecorder implements ExecutionInterceptor {

    /** SDK service names whose IAM prefix is not simply their lower case. */
    private static final Map<String, String> PREFIXES = Map.of("Ec2", "ec2", "Ssm", "ssm");

    final Set<String> actions = ConcurrentHashMap.newKeySet();
    final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String prefix = PREFIXES.getOrDefault(service, service.toLowerCase(Locale.ROOT));
        if (context.request() instanceof TransactWriteItemsRequest transaction) {
            // IAM has no TransactWriteItems action: it authorizes each contained one.
            transaction.transactItems().forEach(item -> actions.add(item.put() != null ? "dynamodb:PutItem"
                    : item.delete() != null ? "dynamodb:DeleteItem"
                    : item.update() != null ? "dynamodb:UpdateItem" : "dynamodb:ConditionCheckItem"));
        } else {
            actions.add(prefix + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
        requests.add(context.request());
    }

    /** The requests of one type, in the order made. */
    <T extends SdkRequest> List<T> requestsOf(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
