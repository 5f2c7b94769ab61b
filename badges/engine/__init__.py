"""The award engine: criteria evaluation, awarding, revocation, expiry and bulk runs."""
