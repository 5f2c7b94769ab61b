import pytest
from django.core.management import CommandError, call_command
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from badges.engine.awarding import revoke_award
from badges.factories import BadgeClassFactory
from badges.models import AuditEntry, SigningKey
from badges.openbadges.encryption import decrypt_private_key
from badges.openbadges.issuing import issue_credential
from badges.openbadges.keys import active_key, rotate_signing_key
from badges.openbadges.verify import Status, verify_credential
from tests.badges.openbadges.test_verify import key_from_our_jwks, over_http

pytestmark = pytest.mark.django_db


def test_rotation_retires_the_old_key_audits_and_signs_new_credentials_with_the_new_one(
    issued, council, hr_admin, learner, make_award
):
    old = issued.signing_key
    new = rotate_signing_key(organisation=council, by=hr_admin)
    old.refresh_from_db()
    assert old.retired_at is not None and new.retired_at is None
    assert active_key(organisation=council) == new
    entry = AuditEntry.objects.get(action=AuditEntry.Action.KEY_ROTATED)
    assert entry.organisation == council and entry.actor == hr_admin
    assert entry.detail["retired"] == [old.kid] and entry.detail["new"] == new.kid

    later = issue_credential(award=make_award(learner, BadgeClassFactory(organisation=council)))
    assert later.signing_key == new


def test_old_credentials_stay_verifiable_after_rotation(issued, council, hr_admin):
    rotate_signing_key(organisation=council, by=hr_admin)
    assert verify_credential(token_or_json=issued.jwt).status == Status.VALID
    verifier = OB3Verifier(pubkey_pem=key_from_our_jwks(issued.jwt))
    verifier.verify(issued.jwt, check_status=True, download=over_http)


def test_revoking_after_rotation_still_reaches_the_old_keys_list(issued, award, council, hr_admin):
    rotate_signing_key(organisation=council, by=hr_admin)
    revoke_award(award=award, by=hr_admin, reason="Issued in error")
    assert verify_credential(token_or_json=issued.jwt).status == Status.REVOKED
    verifier = OB3Verifier(pubkey_pem=key_from_our_jwks(issued.jwt))
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(issued.jwt, check_status=True, download=over_http)


def test_rotating_other_councils_keys_leaves_ours_alone(issued, other_council):
    rotate_signing_key(organisation=other_council, by=None)
    issued.signing_key.refresh_from_db()
    assert issued.signing_key.retired_at is None


def test_the_command_rotates_a_council_key(issued, council, hr_admin, capsys):
    call_command("rotate_signing_key", council=council.slug, by=hr_admin.email)
    new = active_key(organisation=council)
    assert new != issued.signing_key
    assert new.kid in capsys.readouterr().out
    assert AuditEntry.objects.get(action="key_rotated").actor == hr_admin


def test_the_command_rotates_the_platform_key(db):
    call_command("rotate_signing_key", platform=True)
    assert SigningKey.objects.get(organisation=None).retired_at is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"council": "no-such-council"}, "No council"),
        ({"platform": True, "by": "nobody@example.com"}, "No user"),
    ],
)
def test_the_command_refuses_bad_input_and_changes_nothing(options, message, issued):
    with pytest.raises(CommandError, match=message):
        call_command("rotate_signing_key", **options)
    assert SigningKey.objects.filter(retired_at__isnull=False).count() == 0
    assert not AuditEntry.objects.filter(action="key_rotated").exists()


def test_rewrap_moves_keys_onto_the_current_secret(issued, settings):
    original = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = [original]
    call_command("rotate_signing_key", rewrap=True)
    settings.SECRET_KEY_FALLBACKS = []
    key = SigningKey.objects.get()
    assert decrypt_private_key(key.private_key).startswith(b"-----BEGIN PRIVATE KEY-----")
    assert (
        verify_credential(token_or_json=issue_credential(award=issued.award).jwt).status == "valid"
    )
