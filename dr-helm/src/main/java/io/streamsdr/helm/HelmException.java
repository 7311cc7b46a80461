package io.streamsdr.helm;

import io.streamsdr.core.DrException;

/**
 * Helm failed. The message says which command on which release and what Helm said, with secret
 * values replaced by {@value io.streamsdr.core.Secret#MASK}.
 */
public class HelmException extends DrException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and what Helm said, with no secret in it */
    public HelmException(String message) {
        super(message);
    }
}
