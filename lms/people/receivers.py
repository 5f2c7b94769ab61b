from lms.people.services import activate_confirmed_staff


def activate_staff_on_confirmation(request, email_address, **kwargs):
    activate_confirmed_staff(user=email_address.user)
