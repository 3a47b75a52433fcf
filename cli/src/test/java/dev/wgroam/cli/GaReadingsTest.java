package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;
import software.amazon.awssdk.services.globalaccelerator.model.GlobalAcceleratorException;

/**
 * Why a weight is unknown, as the operator reads it. Runs on the CLI module's own classpath, which
 * leaves out the functions' Lambda, SSM, EC2 and CloudWatch jars: reading through the functions'
 * accelerator reader must work without them.
 */
class GaReadingsTest {

    static final String GROUP = "arn:aws:globalaccelerator::123456789012:accelerator/acc/listener/lst/endpoint-group/eu";

    private static GlobalAcceleratorException denied(String message) {
        return (GlobalAcceleratorException) GlobalAcceleratorException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage(message).build())
                .build();
    }

    @Test
    void reason_ofAccessDenied_withoutTheActionInTheMessage_namesThePermission() {
        assertEquals("endpoint group eu: AccessDeniedException: denied"
                        + " (status needs globalaccelerator:DescribeEndpointGroup)",
                GaReadings.reason(GROUP, denied("denied")));
    }

    @Test
    void reason_keepsToOneLine_whateverTheServiceSends() {
        assertEquals("endpoint group eu: AccessDeniedException: no globalaccelerator:DescribeEndpointGroup [2J here",
                GaReadings.reason(GROUP, denied("no\r\nglobalaccelerator:DescribeEndpointGroup\u001b[2J here")));
    }

    @Test
    void read_whenNothingListens_leavesNoEndpoints_andSaysGaWasNotReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GlobalAcceleratorClient client = GlobalAcceleratorClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.of(GlobalAcceleratorWeights.API_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {

            GaReadings readings = GaReadings.read(new GlobalAcceleratorWeights(client, 1, Duration.ZERO, d -> { }),
                    List.of(GROUP));

            assertEquals(Map.of(), readings.endpoints());
            assertEquals(1, readings.unreadReasons().size());
            assertTrue(readings.unreadReasons().get(0).startsWith("endpoint group eu: Global Accelerator (us-west-2) not reached: "),
                    readings.unreadReasons().get(0));
        }
    }
}
