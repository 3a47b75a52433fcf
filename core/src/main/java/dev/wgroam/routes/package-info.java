/** The route model: address prefixes that the nodes route to their owners. */
package dev.wgroam.routes;
