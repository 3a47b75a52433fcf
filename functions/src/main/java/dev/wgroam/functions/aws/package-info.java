/** The IAM actions each function's adapters call, in one place, for the template's policies to match. */
package dev.wgroam.functions.aws;
