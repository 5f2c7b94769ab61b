from django.db import migrations

LOGIN = "login"


def restrict_root_collection(apps, schema_editor):
    """Course documents are for signed-in people: the root collection (and so every
    collection under it) asks for sign-in. Editors can lift it for a public collection."""
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    if not CollectionViewRestriction.objects.filter(collection=root).exists():
        CollectionViewRestriction.objects.create(collection=root, restriction_type=LOGIN)


def lift_restriction(apps, schema_editor):
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")
    CollectionViewRestriction.objects.filter(
        collection__in=Collection.objects.filter(depth=1), restriction_type=LOGIN
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_homepage"),
        ("wagtailcore", "0092_alter_collectionviewrestriction_password_and_more"),
    ]

    operations = [migrations.RunPython(restrict_root_collection, lift_restriction)]
