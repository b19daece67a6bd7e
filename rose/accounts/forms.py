from __future__ import annotations

from django import forms

from rose.core.forms import RoseForm


class LoginForm(RoseForm):
    email = forms.EmailField(label="Email address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "username"}),
                             error_messages={
                                 "required": "Enter your email address",
                                 "invalid": "Enter an email address in the correct format, like name@nhs.net",
                             })
    password = forms.CharField(label="Password", max_length=200,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "Enter your password"})


class TokenForm(RoseForm):
    token = forms.CharField(
        label="Security code", max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter your security code"},
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split()).lower()


class SetupForm(RoseForm):
    token = forms.CharField(
        label="Security code from your app", max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app",
                        "min_length": "The security code must be 6 digits"},
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 digits")
        return token
