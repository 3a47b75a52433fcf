/** SDK client configuration shared by the functions, the CLI and local mode: one HTTP client, explicit timeouts and retries. */
package dev.wgroam.aws.sdk;
