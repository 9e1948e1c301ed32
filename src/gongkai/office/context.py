from .navigation import MODULES, module_url
from .session import current_agency, my_agencies


def office_navigation(request):
    """Navigation for the signed-in person in the agency they are working in."""
    if not request.path.startswith("/office/") or not request.user.is_authenticated:
        return {}
    agency = current_agency(request)
    if agency is None:
        return {"office_agencies": []}
    allowed = request.allowed_actions
    items = []
    for module in MODULES:
        if module.any_of & allowed:
            items.append({"key": module.key, "label": module.label, "url": module_url(module)})
    return {
        "office_nav": items,
        "office_agency": agency,
        "office_agencies": my_agencies(request.user),
    }
