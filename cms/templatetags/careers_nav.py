from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def careers_index_url(context) -> str:
    """The careers pages' address on this site, for the navigation ("" when there are none)."""
    from cms.careers.selectors import careers_index_url as find

    request = context.get("request")
    return find(request) if request is not None else ""
