"""Careers page types: where they may go, what they show and what editors may not save."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from badges.factories import BadgeClassFactory
from cms.careers import factories as f
from cms.careers.blocks import CareersBodyBlock
from cms.careers.models import (
    CareersIndexPage,
    PathwayPage,
    RelatedRole,
    RoleBadge,
    RoleProfilePage,
    RoleSkill,
    StoryPage,
)
from cms.models import HomePage, StandardPage


@pytest.fixture
def index(db):
    return f.careers_index()


def test_page_types_go_only_where_they_belong(index):
    home = Page.objects.get(depth=2).specific
    assert CareersIndexPage.can_exist_under(home)
    # One careers index per home page.
    assert not CareersIndexPage.can_create_at(home)
    for page_type in (PathwayPage, RoleProfilePage, StoryPage):
        assert page_type.can_exist_under(index)
        assert not page_type.can_exist_under(home)
        assert page_type.allowed_subpage_models() == []
    assert set(CareersIndexPage.allowed_subpage_models()) == {
        PathwayPage,
        RoleProfilePage,
        StoryPage,
    }
    assert not StandardPage.can_exist_under(index)
    assert HomePage not in CareersIndexPage.allowed_subpage_models()


def test_index_lists_routes_roles_stories_and_badges_to_earn_first(index, client):
    pathway = f.pathway_page(index=index, title="Data apprenticeships", duration="Two years")
    f.role_page(index=index, title="Data analyst", salary=(32_000, 42_000))
    f.role_page(index=index, title="Draft role", publish=False)
    f.story_page(index=index, pathway=pathway, title="Dan's story")
    course, badge = f.public_taster(title="Data taster")

    response = client.get(index.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Data apprenticeships" in html and "Two years" in html
    assert "Data analyst" in html and "£32,000 to £42,000" in html
    assert "Draft role" not in html
    assert "Dan&#x27;s story" in html
    assert badge.name in html and course.url in html
    assert "Create a free account" in html


def test_role_profile_shows_skills_levels_badges_progression_and_live_related_roles(index, client):
    _, badge = f.public_taster(competences=(("1.3", 3),))
    other = f.role_page(index=index, title="Business analyst")
    draft = f.role_page(index=index, title="Hidden analyst", publish=False)
    role = f.role_page(
        index=index,
        title="Data analyst",
        skills=(("1.3", 6), ("4.2", 5)),
        badges=[badge],
        progression=[("step", {"title": "Senior data analyst", "text": "Leads analysis."})],
    )
    RelatedRole.objects.create(page=role, role=other, sort_order=0)
    RelatedRole.objects.create(page=role, role=draft, sort_order=1)

    html = client.get(role.url).content.decode()

    assert "1.3 Managing data, information and digital content" in html
    assert "Level 6 (Advanced)" in html
    assert "4.2 Protecting personal data and privacy" in html
    item = f.competence("1.3")
    assert f"/badges/competences/{item.identifier}/" in html
    assert badge.name in html
    assert "Senior data analyst" in html
    assert "Business analyst" in html
    assert "Hidden analyst" not in html
    # DigComp's licence asks for its attribution wherever its competences are shown.
    assert "CC BY 4.0" in html


def test_role_cards_show_pay_and_key_skills_and_only_roles_anyone_may_read(index, client):
    analyst = f.role_page(index=index, title="Data analyst", skills=(("1.3", 6), ("4.2", 5)))
    draft = f.role_page(index=index, title="Draft analyst", publish=False)
    pathway = f.pathway_page(index=index)
    pathway.body = [("role_cards", {"heading": "Roles this leads to", "roles": [analyst, draft]})]
    pathway.save_revision().publish()

    for page in (index, pathway):
        html = client.get(page.url).content.decode()
        assert "£32,000 to £42,000 a year" in html, page
        assert "Managing data, information and digital content: level 6" in html, page
        assert "Protecting personal data and privacy: level 5" in html, page
        assert "Draft analyst" not in html, page


def test_a_badge_list_offers_sector_badges_with_their_tasters_and_refuses_a_councils(
    index, council, client
):
    from wagtail.blocks import StructBlockValidationError

    course, badge = f.public_taster(title="Data taster")
    staff_badge = BadgeClassFactory(organisation=council, name="Northby staff badge")
    block = CareersBodyBlock().child_blocks["badges"]

    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.normalize({"heading": "", "badges": [badge, staff_badge]}))
    assert "Northby staff badge" in str(refused.value.block_errors["badges"])

    pathway = f.pathway_page(index=index)
    pathway.body = [("badges", {"heading": "Earn these first", "badges": [badge]})]
    pathway.save_revision().publish()
    html = client.get(pathway.url).content.decode()
    assert badge.name in html and f'href="{course.url}"' in html


def test_a_council_only_badge_cannot_be_offered_on_a_public_role(index, council):
    role = f.role_page(index=index)
    council_badge = BadgeClassFactory(organisation=council)

    with pytest.raises(ValidationError) as refused:
        RoleBadge(page=role, badge=council_badge).clean()

    assert "anyone can earn" in str(refused.value)
    RoleBadge(page=role, badge=BadgeClassFactory(organisation=None)).clean()


def test_a_skill_level_must_come_from_the_competences_own_framework(index):
    role = f.role_page(index=index, skills=())
    eds_level = f.level(1, framework="eds")

    with pytest.raises(ValidationError) as refused:
        RoleSkill(page=role, item=f.competence("1.3"), level=eds_level).clean()

    assert "level" in refused.value.message_dict
    RoleSkill(page=role, item=f.competence("1.3"), level=f.level(4)).clean()


def test_a_role_cannot_be_related_to_itself_and_pay_bands_run_upwards(index):
    role = f.role_page(index=index)

    with pytest.raises(ValidationError):
        RelatedRole(page=role, role=role).clean()
    role.salary_min, role.salary_max = 50_000, 40_000
    with pytest.raises(ValidationError) as refused:
        role.clean()
    assert "salary_max" in refused.value.message_dict


def test_only_competences_of_shared_active_frameworks_are_offered_for_skills(index, council):
    from badges.factories import FrameworkFactory, FrameworkItemFactory
    from badges.models import FrameworkItem

    own = FrameworkItemFactory(framework=FrameworkFactory(organisation=council), code="9.9")
    offered = RoleSkill._meta.get_field("item").get_limit_choices_to()
    items = FrameworkItem.objects.complex_filter(offered)
    f.competence("1.1")

    assert items.filter(code="1.3", framework__code="digcomp").exists()
    assert not items.filter(kind="area").exists()
    assert not items.filter(pk=own.pk).exists()
    with pytest.raises(ValidationError) as refused:
        RoleSkill(page=f.role_page(index=index, skills=()), item=own).clean()
    assert "item" in refused.value.message_dict


def test_a_story_portrait_needs_alt_text_which_the_page_shows(index, client):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Amara", file=get_test_image_file())
    story = f.story_page(index=index, title="Amara's story")
    story.portrait = image
    story.portrait_alt = "   "

    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert "portrait_alt" in refused.value.message_dict

    story.portrait_alt = "Amara at her desk in the civic centre"
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert 'alt="Amara at her desk in the civic centre"' in html


def test_pathway_shows_eligibility_timeline_steps_adjustments_and_its_stories(index, client):
    pathway = f.pathway_page(
        index=index,
        title="National Graduate Development Programme",
        route_type=PathwayPage.RouteType.NATIONAL_GRADUATE,
    )
    f.story_page(index=index, pathway=pathway, title="Amara's story")

    html = client.get(pathway.url).content.decode()

    assert "Who can apply" in html and "Anyone over 16." in html
    assert "The year at a glance" in html and "Spring" in html
    assert "How to apply" in html and "Apply online" in html
    assert "Adjustments and support" in html and "Ask us." in html
    assert "Amara&#x27;s story" in html


def _careers_stream_blocks() -> list[tuple[str, object]]:
    """Every block an editor can add to a careers page, read from the page models'
    StreamFields, so a block added later is checked too."""
    from wagtail.fields import StreamField

    found = []
    for model in (CareersIndexPage, PathwayPage, RoleProfilePage, StoryPage):
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for name, block in field.stream_block.child_blocks.items():
                    found.append((f"{model.__name__}.{field.name}.{name}", block))
    return found


@pytest.mark.parametrize(
    "block",
    [block for _, block in _careers_stream_blocks()],
    ids=[n for n, _ in _careers_stream_blocks()],
)
def test_every_careers_block_has_an_icon_a_template_and_a_preview(block, index, client_for, editor):
    from wagtail.images.models import Image

    f.role_page(index=index, title="Preview role")
    f.public_taster()
    Image.objects.create(title="Trainees at the civic centre", file=get_test_image_file())

    assert block.meta.icon not in ("", "placeholder")
    assert block.meta.template.startswith("cms/")
    assert block.get_description()
    assert block.is_previewable
    assert block.render(block.get_preview_value()).strip()
    # What the block picker shows the editor: the admin's own preview of the block.
    response = client_for(editor).get(f"/admin/block-preview/?id={block.definition_prefix}")
    assert response.status_code == 200
    assert "lms/css/site.css" in response.content.decode()


def test_the_image_blocks_preview_says_what_it_holds_while_the_library_is_empty(
    index, client_for, editor
):
    block = CareersBodyBlock().child_blocks["image"]

    response = client_for(editor).get(f"/admin/block-preview/?id={block.definition_prefix}")

    assert response.status_code == 200
    assert "alternative text" in response.content.decode()


def test_editors_can_open_the_add_form_for_each_careers_page(index, client_for, editor):
    client = client_for(editor)
    for model in ("pathwaypage", "roleprofilepage", "storypage"):
        response = client.get(f"/admin/pages/add/cms/{model}/{index.pk}/")
        assert response.status_code == 200, model


def test_editors_can_open_a_role_with_its_skills_badges_and_related_roles(
    index, client_for, editor
):
    _, badge = f.public_taster()
    other = f.role_page(index=index, title="Business analyst")
    role = f.role_page(index=index, badges=[badge])
    RelatedRole.objects.create(page=role, role=other)
    role.save_revision().publish()

    response = client_for(editor).get(f"/admin/pages/{role.pk}/edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Skills needed" in html and "Badges that show these skills" in html
    assert "Related roles" in html


def _role_form(item, level):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    # Wagtail's own helpers for the admin's StreamField and inline-panel form data.
    return nested_form_data(
        {
            "title": "Test role",
            "slug": "test-role",
            "summary": "Does useful things.",
            "what_you_do": streamfield([("text", rich_text("<p>Useful things.</p>"))]),
            "salary_min": 30_000,
            "salary_max": 40_000,
            "salary_note": "",
            "typical_locations": "The civic centre.",
            "skills": inline_formset([{"item": item.pk, "level": level.pk, "in_practice": ""}]),
            "evidence_badges": inline_formset([]),
            "progression": streamfield([]),
            "related_roles": inline_formset([]),
        }
    )


def test_an_editor_adds_a_role_with_a_skill_through_the_admin(index, client_for, editor):
    url = f"/admin/pages/add/cms/roleprofilepage/{index.pk}/"

    response = client_for(editor).post(url, _role_form(f.competence("1.3"), f.level(5)))

    assert response.status_code == 302, response.context["form"].errors
    # Editors draft; publishing is a moderator's step in Wagtail's default groups.
    role = RoleProfilePage.objects.get(slug="test-role")
    assert [(s.item.code, s.level.rank) for s in role.skills.all()] == [("1.3", 5)]


def test_the_admin_refuses_a_level_from_another_framework_and_saves_nothing(
    index, client_for, editor
):
    url = f"/admin/pages/add/cms/roleprofilepage/{index.pk}/"

    response = client_for(editor).post(
        url, _role_form(f.competence("1.3"), f.level(1, framework="eds"))
    )

    assert response.status_code == 200
    errors = response.context["form"].formsets["skills"].errors
    assert "competence's own" in str(errors)
    assert not RoleProfilePage.objects.filter(slug="test-role").exists()


def _story_form(*, portrait=None, portrait_alt="", body_image=None, body_alt=""):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    body = [("text", rich_text("<p>I came in through the graduate scheme.</p>"))]
    if body_image is not None:
        body.append(("image", {"image": body_image.pk, "decorative": "", "alt_text": body_alt}))
    return nested_form_data(
        {
            "title": "Amara's story",
            "slug": "amaras-story",
            "person_name": "Amara",
            "role_title": "Graduate trainee",
            "pathway": "",
            "summary": "From history to user research.",
            "portrait": portrait.pk if portrait else "",
            "portrait_alt": portrait_alt,
            "body": streamfield(body),
        }
    )


def test_the_editor_refuses_a_story_portrait_without_alt_text(index, client_for, editor):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Amara", file=get_test_image_file())
    url = f"/admin/pages/add/cms/storypage/{index.pk}/"

    refused = client_for(editor).post(url, _story_form(portrait=image, portrait_alt="  "))

    assert refused.status_code == 200
    assert "portrait_alt" in refused.context["form"].errors
    assert "Describe the portrait" in refused.content.decode()
    assert not StoryPage.objects.filter(slug="amaras-story").exists()

    saved = client_for(editor).post(
        url, _story_form(portrait=image, portrait_alt="Amara at her desk")
    )

    assert saved.status_code == 302, saved.context["form"].errors
    assert StoryPage.objects.get(slug="amaras-story").portrait_alt == "Amara at her desk"


def test_the_editor_refuses_an_image_in_a_story_without_alt_text(index, client_for, editor):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Team photo", file=get_test_image_file())
    url = f"/admin/pages/add/cms/storypage/{index.pk}/"

    # Even a draft: one published later in bulk or on a schedule is not checked again.
    refused = client_for(editor).post(url, _story_form(body_image=image, body_alt=" "))

    assert refused.status_code == 200
    assert "body" in refused.context["form"].errors
    assert "Add alt text to every image" in refused.content.decode()
    assert not StoryPage.objects.filter(slug="amaras-story").exists()

    saved = client_for(editor).post(
        url, _story_form(body_image=image, body_alt="The team at a whiteboard")
    )

    assert saved.status_code == 302, saved.context["form"].errors


def test_no_careers_page_is_saved_with_an_undescribed_image_whichever_way_it_is_saved(index):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Team photo", file=get_test_image_file())
    undescribed = ("image", {"image": image, "decorative": False, "alt_text": ""})
    decorative = ("image", {"image": image, "decorative": True, "alt_text": ""})
    role = f.role_page(index=index, title="Developer")
    pathway = f.pathway_page(index=index)

    for page, field in ((role, "what_you_do"), (pathway, "body"), (index, "body")):
        setattr(page, field, [undescribed])
        with pytest.raises(ValidationError) as refused:
            page.save_revision().publish()
        assert field in refused.value.message_dict, page

    role.what_you_do = [decorative]
    role.save_revision().publish()
