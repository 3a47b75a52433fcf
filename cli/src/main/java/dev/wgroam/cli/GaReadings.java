package dev.wgroam.cli;

import dev.wgroam.aws.accelerator.DescribedEndpoint;
import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What Global Accelerator says of the fleet's endpoints, from the endpoint groups the operator
 * names (one per node region). A group that cannot be read leaves a one-line reason instead of
 * failing {@code status}: the weights add to the table's picture, the table is the picture.
 *
 * @param endpoints     every endpoint read, by endpoint id
 * @param unreadReasons why some weights are unknown: one line per group that could not be read
 */
public record GaReadings(Map<String, DescribedEndpoint> endpoints, List<String> unreadReasons) {

    public GaReadings {
        endpoints = Map.copyOf(endpoints);
        unreadReasons = List.copyOf(unreadReasons);
    }

    /** No endpoint group given: nothing to read, and the reason says how to get weights. */
    public static GaReadings notAsked() {
        return new GaReadings(Map.of(), List.of("no --endpoint-group given (one ARN per node region)"));
    }

    /** Reads each group in turn; a group that fails leaves its reason and the others' endpoints. */
    public static GaReadings read(GlobalAcceleratorWeights ga, List<String> groupArns) {
        Map<String, DescribedEndpoint> endpoints = new HashMap<>();
        List<String> reasons = new ArrayList<>();
        for (String arn : groupArns) {
            try {
                ga.read(arn).forEach(e -> endpoints.put(e.weight().endpointId(), e));
            } catch (SdkException e) {
                reasons.add(reason(arn, e));
            }
        }
        return new GaReadings(endpoints, reasons);
    }

    /** One line naming the group by its id (the ARN's last segment) and what went wrong. */
    static String reason(String groupArn, SdkException e) {
        String why;
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails().errorMessage();
            boolean namesTheAction = message != null && message.contains("DescribeEndpointGroup");
            why = code + (message == null ? "" : ": " + message)
                    + ("AccessDeniedException".equals(code) && !namesTheAction
                        ? " (status needs globalaccelerator:DescribeEndpointGroup)" : "");
        } else {
            why = "Global Accelerator (" + GlobalAcceleratorWeights.API_REGION + ") not reached: " + e.getMessage();
        }
        String line = "endpoint group " + groupArn.substring(groupArn.lastIndexOf('/') + 1) + ": " + why;
        // The message comes from the network: no control characters, no second line on the terminal.
        return line.replaceAll("\\p{Cc}+", " ").strip();
    }
}
