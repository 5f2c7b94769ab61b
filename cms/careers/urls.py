"""Careers tools and registered interest. The careers pages themselves are Wagtail pages."""

from django.urls import path

from cms.careers.views import graduates, interest, manage

app_name = "careers"

urlpatterns = [
    path("my-careers/", graduates.my_careers, name="my_careers"),
    path("my-careers/self-check/", graduates.self_check, name="self_check"),
    path("my-careers/roles/<int:role_id>/save/", graduates.save_role, name="save_role"),
    path("my-careers/roles/<int:role_id>/remove/", graduates.remove_role, name="remove_role"),
    path("register-interest/", interest.register_interest, name="register_interest"),
    path("register-interest/thanks/", interest.interest_thanks, name="interest_thanks"),
    path(
        "manage/<slug:org_slug>/careers-interest/",
        manage.interest_list,
        name="interest_list",
    ),
    path(
        "manage/<slug:org_slug>/careers-interest.csv",
        manage.interest_csv,
        name="interest_csv",
    ),
]
