/** The {@code apply} subcommand SSM runs: validate the pushed update, hand it to the running agent. */
package dev.wgroam.agent.apply;
