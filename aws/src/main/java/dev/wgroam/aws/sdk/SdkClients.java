package dev.wgroam.aws.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures the SDK clients of the functions, the operator CLI and the node agent the same way: the
 * URL-connection HTTP client (shared), explicit region and endpoint override, both call timeouts,
 * and the standard retry mode (exponential backoff with jitter, throttling-aware). Clients are built
 * once per container or process. {@link #at} and {@link #withCallTimeouts} give the same settings,
 * on the same HTTP client, for another endpoint or with other timeouts.
 */
public final class SdkClients implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long a call may take: {@code socket} for the shared HTTP client's reads, {@code attempt}
     * and {@code call} for every client built.
     */
    public record Budget(Duration socket, Duration attempt, Duration call) {
    }

    /** The functions' and the CLI's budget. */
    public static final Budget DEFAULT = new Budget(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(20));

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final URI endpointOverride;
    private final List<ExecutionInterceptor> interceptors;
    private final Duration attemptTimeout;
    private final Duration callTimeout;

    /** @param endpointOverride an emulator's endpoint in local mode and tests; null on AWS */
    public SdkClients(AwsCredentialsProvider credentials, URI endpointOverride) {
        this(credentials, endpointOverride, DEFAULT, List.of());
    }

    /**
     * @param budget       another time budget, for a process whose calls should give up sooner
     * @param interceptors see every call (tests record which operations the code makes)
     */
    public SdkClients(AwsCredentialsProvider credentials, URI endpointOverride, Budget budget,
                      List<ExecutionInterceptor> interceptors) {
        this(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(budget.socket()).build(),
                credentials, endpointOverride, List.copyOf(interceptors), budget.attempt(), budget.call());
    }

    private SdkClients(SdkHttpClient http, AwsCredentialsProvider credentials, URI endpointOverride,
                       List<ExecutionInterceptor> interceptors, Duration attemptTimeout, Duration callTimeout) {
        this.http = http;
        this.credentials = credentials;
        this.endpointOverride = endpointOverride;
        this.interceptors = interceptors;
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
    }

    /** The same settings and HTTP client for clients of another endpoint (an emulator's; null on AWS). */
    public SdkClients at(URI otherEndpointOverride) {
        return new SdkClients(http, credentials, otherEndpointOverride, interceptors, attemptTimeout, callTimeout);
    }

    /** The same settings and HTTP client with other call timeouts, for calls that should give up sooner. */
    public SdkClients withCallTimeouts(Duration attempt, Duration call) {
        return new SdkClients(http, credentials, endpointOverride, interceptors, attempt, call);
    }

    public <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(B builder, String region) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(attemptTimeout)
                        .apiCallTimeout(callTimeout)
                        .retryStrategy(RetryMode.STANDARD)
                        .executionInterceptors(interceptors)
                        .build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
    }

    /** Closes the shared HTTP client; the clients built here stop working. A function never needs it. */
    @Override
    public void close() {
        http.close();
    }
}
