/**
 * SDK client configuration shared by the functions, the CLI, local mode and the node agent: one HTTP
 * client, explicit timeouts and retries; each deployable picks its time budget.
 */
package dev.wgroam.aws.sdk;
