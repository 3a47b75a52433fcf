/** SDK client configuration shared by the functions: one HTTP client, explicit timeouts and retries. */
package dev.wgroam.functions.aws;
