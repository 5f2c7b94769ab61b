from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder welcome page with our HomePage as the site root."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", url_path="/home/").delete()
    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    root = Page.objects.get(depth=1)
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Digital skills for council staff",
        draft_title="Digital skills for council staff",
        slug="home",
        content_type=homepage_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        locale=locale,
        url_path="/home/",
        introduction="Short courses, badges and certificates for every role in the council.",
        body=[],
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.id, "site_name": "Digital skills"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
