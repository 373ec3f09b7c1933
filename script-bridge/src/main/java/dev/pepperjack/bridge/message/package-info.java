/**
 * Asynchronous pass-by-value messaging: envelopes with a {@link
 * dev.pepperjack.bridge.message.SecurityContext}, bounded FIFO or weighted queues with alert or poll
 * delivery, pluggable wait strategies, and the value library.
 */
package dev.pepperjack.bridge.message;
