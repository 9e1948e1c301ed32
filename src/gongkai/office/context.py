def office_navigation(request):
    return {}
