"""Open Badges 3.0: signing keys, issuing, baking, status lists and verification.

Every award becomes an OpenBadgeCredential secured as a VC-JWT with openbadgeslib.

How a verifier gets from a credential to the key that signed it
---------------------------------------------------------------
- `issuer.id` is the issuer's public profile, https://<SITE_URL>/badges/issuers/<council>/
  (the platform's own, for graduates, is https://<SITE_URL>/badges/issuer/). Asked for
  JSON (Accept: application/json, or ?format=json) it answers with an OB 3.0 Profile.
- The JOSE header carries the signing key as `jwk` (openbadgeslib's signer embeds it).
  Its RFC 7638 thumbprint is the key's `kid`.
- https://<SITE_URL>/.well-known/jwks.json lists every key we ever signed with, active
  and retired, each with that `kid` and an `issuer` member naming the profile it
  belongs to. A verifier trusts the header key only if the JWKS on the issuer's own
  host lists that kid for that issuer. Retired keys stay listed, so rotation never
  breaks a credential already issued.
- `credentialStatus` is a BitstringStatusListEntry; the list is served per signing key
  at /badges/status/<kid>/ and signed by that same key, so openbadgeslib's
  `OB3Verifier.verify(token, check_status=True)` with the credential's key also
  verifies the list. The index is the IssuedCredential's primary key.
"""
