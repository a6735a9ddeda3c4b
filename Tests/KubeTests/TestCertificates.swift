/// Self-signed certificates for the TLS tests, made once with
/// `openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=… [-addext subjectAltName=IP:127.0.0.1,DNS:localhost]`.
/// Test-only keys: they protect nothing.
enum TestCertificates {
    static let serverCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIDMTCCAhmgAwIBAgIUcOm5W6vhWgxLOpyi5BjB8sSN0jgwDQYJKoZIhvcNAQEL
        BQAwGTEXMBUGA1UEAwwOc3R1Yi1hcGlzZXJ2ZXIwIBcNMjYxMTI1MTUxMDQ5WhgP
        MjEyNjExMDExNTEwNDlaMBkxFzAVBgNVBAMMDnN0dWItYXBpc2VydmVyMIIBIjAN
        BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2W1vqrzyiRemxccYbsI/GnNV3tLa
        x9xOHy6QvqzBAm0tLmRnST80CciqW5UYzW7IoZaNzUVL8ra32OccWGUTg3xNKDNa
        hIsqFMRgVBGfNPQG/cBQcsT5JOeNu7EyETIrqz3oI0rkuaYnSGNs6KijxaILachN
        u87/AVkEeEVBVGNsmfbCCXWt9380WXraADWKEnRnNIeBgLAbu9hEr80X0ihjY6sz
        v/Ljpj3KbmoiFcwArhWvwP0H/lXZfgHd29wG0hZdWpZVrLWsj2cognT3rtwdOXyl
        CffjnG6BvRY/IDcOaBdkr3uKgcJxaW10gTrrjn3ENbPSceQf0r0hm9jI9wIDAQAB
        o28wbTAdBgNVHQ4EFgQU0euISxwgKQycKpsWPjwU5sO2gdswHwYDVR0jBBgwFoAU
        0euISxwgKQycKpsWPjwU5sO2gdswDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzAR
        hwR/AAABgglsb2NhbGhvc3QwDQYJKoZIhvcNAQELBQADggEBAKDKwsd0EeT3u9u0
        nunl+b+6NSlL/uTOkrzZj2xyV9a3JTHZi0gHa5b4w1UFGQ++PXBB/rIZ16qwT7Hy
        FCJcooc/ghrrJUr1FYfSdob/hmlq7csyfdQ7axk1PN2dwJCPvdVOeOFX986l6E9q
        XF8+tJtVkSbAEXJAE4u4xQkqfzTC+07GuXyYfOQ/YNfXAmY+gQYaNS5Mgk883bmd
        sMekwx4uOKtyc/SroXurJBidsbX8YIP6Qv3yn03cfLmEdUZCHbP8LsYtxWwPFu+M
        W56MDxH3g7xiUGoCOPpzPB5ZJqqmAtT9NqLQkLO326d0D9rGam7YiWSWRAfk9pJJ
        outRCws=
        -----END CERTIFICATE-----
        """

    static let serverKey = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZbW+qvPKJF6bF
        xxhuwj8ac1Xe0trH3E4fLpC+rMECbS0uZGdJPzQJyKpblRjNbsihlo3NRUvytrfY
        5xxYZRODfE0oM1qEiyoUxGBUEZ809Ab9wFByxPkk5427sTIRMiurPegjSuS5pidI
        Y2zoqKPFogtpyE27zv8BWQR4RUFUY2yZ9sIJda33fzRZetoANYoSdGc0h4GAsBu7
        2ESvzRfSKGNjqzO/8uOmPcpuaiIVzACuFa/A/Qf+Vdl+Ad3b3AbSFl1allWstayP
        ZyiCdPeu3B05fKUJ9+OcboG9Fj8gNw5oF2Sve4qBwnFpbXSBOuuOfcQ1s9Jx5B/S
        vSGb2Mj3AgMBAAECggEAA10qORNZBunfQ6DncNKFXA1zN8xg5EASXvx/IUHnzDHz
        C4CocbTON7blwU2eAao1cOXX6PtBE7HBAiX0f6HLQIpNpsBv65T2V5MX3HDAclQP
        qObu8eKJ0v01mAZ92WdCiZx7odKy23/ojH/YktV6MtIUC2ZAoxYXXdUbm6Q1kiL1
        /pizRumnXSfIUgxOOl4ATkQ1jPW4LSxSJYjTbPjTXGv3xu2sVEbIglOdCB70QR8E
        LEV6dxcJl3ghnsM/FnIHsFCl5tW0Nwn+COxAlA2kFF1oKauS4bXwHfJkW1vEMleQ
        wBuKNAgqNBVwteuXBuJwfiPGwcwcsINWSdLxwYcceQKBgQDuWMrGzTv4jfOgPAnN
        jN+u+9s2gr1s7hhHm9fHxP2FAgr1bOrLlXWfBku6u8MoxRdvbFhotyxffp9amFem
        8QURUv0VOabKPII27KWAfoIIjyBMMaaxqefSkewoFZu6G6vetWZCKlkABu3Tv2vd
        M5nebjF7UumVPZscRmV73aSrPwKBgQDph//u5IqpMUB5ChtU+JXTlYh4Op75x6MH
        bQC3UDhY/Z2OpsCApV8JVXfo6A3+MlQMCX2a5pgI2fxi4EJEK3p78e/Dceh/R++d
        zQ3enGmcTHLMP56KuHyVUnOJvsRju3dAcay61lbqlnahtFnJogWxu4a2l2a+XEXr
        ZWEVaeMMSQKBgQCOZXnwP9lea+BrkLMCnPFeZ5XWAVIObEkRLyhBb41PE6NccU/t
        hUOaWHaR/29fQjD4HrDLDvRxsQKfa3iigkhWy0/siF7/YBsjmUpfdDVXy7quCtPe
        PPYFNazzXcWF8NZD3fhT+1zkyT75TNmydAuvegIR/b0TrpSm1d/3mrmwnQKBgQCp
        n2DkMhgNQHrl79NeapjY8DoJqfqizsC5uhDVFW14Je51GOWmC3f2HaBVCYhwZDnr
        7FDRXEB93WeWofE/9pymvlo6idgn6yY+Zhx23wFOx7BybptHgyzqgNLu8CNRlW7O
        3kJqCxlilxtf5NF6xTaBnAYDRgEYr4kRq7dSiHCkEQKBgAhakASIcXqj7MHHa7gC
        FzNNt7wZX17Uzim+hLlbZIif61+BkoYuvyPqq7d9+ha8yoKBf5lBMMeNcIUhACso
        Q/cvz9KwwQlBHom/yRvqwnWUo4KMjC7WxE4MrQ00Tcm73dDLf43ZiMM9r34w9rhv
        ht8mKABH1KOtm8qmO/4sTU6P
        -----END PRIVATE KEY-----
        """

    static let clientCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIDFzCCAf+gAwIBAgIUUp+Cau0+73doNn70yYdF0tuMSvIwDQYJKoZIhvcNAQEL
        BQAwGjEYMBYGA1UEAwwPc2NuZXQtdGVzdC11c2VyMCAXDTI2MTEyNTE1MTA0OVoY
        DzIxMjYxMTAxMTUxMDQ5WjAaMRgwFgYDVQQDDA9zY25ldC10ZXN0LXVzZXIwggEi
        MA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC/W0zJuHwp4E4pFm4jikVJdpBT
        DLuLyakQSNkRO5MmkQOdZrx8/zh66eY5d3BiZTLQxGOdEivD1UJ48v0uEZZ7KA6j
        f1ZfTuyN3OCSNKkPQfP4IO/AdpCZ1pNVoOmA2BeNpP0gkco834l8y/EDbnqrCPf0
        959+AFsW+HNwHVxhoiq2suiQEUzFoVvJfzP4FIgP6T8gGkLPbrmH/SH+dL7Y7rn0
        LixdtQEWUiM4Mv+V80ejQ4ZlFpB3LYr7KrfWNjFfwNktOLEr/EOpkRLOloJrI+06
        fudzsEX3RhWP9FnoBtptWuF///DDvgPIQfOCXULhFmNBtALGFOH3T4DhLukLAgMB
        AAGjUzBRMB0GA1UdDgQWBBQhs2kAhrA58kUT2QU7GLJGU1DluTAfBgNVHSMEGDAW
        gBQhs2kAhrA58kUT2QU7GLJGU1DluTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3
        DQEBCwUAA4IBAQA3/b6UEJDtw8NSSgqajlMC5VznXJWO9AN6I3K0v4bI50tO3ER0
        3rPwH5jDfdhvTRE7la99YZg+IJ1T5tHSIK1MmMGfcTNbPl2/v0oeZJepiLsIITqy
        q4kcvo0vN06TutcYINiZKebgtYGn1xyFfJiK0Cac1JwXYqrxTjKuGnseuK7G9Qtr
        9alBHjLw1NjSBeLo2QIuReP7ldXIKSVsGrXO8Y/11vmvM0ndyoifHGC72YQacGFl
        tsTa4g+IW/yrDeMWfkttNcBJxgfrcRhHkW2DNNgjrjL9jR+1kdwFRKo0XL7BsiH0
        3GeRcjbZQH3KZQc3zXen4r6LAUnxPoHZwi1E
        -----END CERTIFICATE-----
        """

    static let clientKey = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC/W0zJuHwp4E4p
        Fm4jikVJdpBTDLuLyakQSNkRO5MmkQOdZrx8/zh66eY5d3BiZTLQxGOdEivD1UJ4
        8v0uEZZ7KA6jf1ZfTuyN3OCSNKkPQfP4IO/AdpCZ1pNVoOmA2BeNpP0gkco834l8
        y/EDbnqrCPf0959+AFsW+HNwHVxhoiq2suiQEUzFoVvJfzP4FIgP6T8gGkLPbrmH
        /SH+dL7Y7rn0LixdtQEWUiM4Mv+V80ejQ4ZlFpB3LYr7KrfWNjFfwNktOLEr/EOp
        kRLOloJrI+06fudzsEX3RhWP9FnoBtptWuF///DDvgPIQfOCXULhFmNBtALGFOH3
        T4DhLukLAgMBAAECggEABAvgXU73N9l5kvku82BxTk2MCBLiWmE1dSsyhTXvICcm
        iOsLEaeXSv4W3gs5B1OgK0r5LPFH7KMIqKRsFyUhu1FMXJ0M4gS6ECvmByFxm77S
        HmKalJrNPFDjGlybOMbDr2ftlFqQ3hBUs3IKktSAvTd6KtDGVh9Czdhgyd5NEvbA
        p9b4ojHcREfBCYJvQ/WxFFBPVqaxtxdc/k+ndgwPIrUbRhNE8LZP1dk9CvUOYKw7
        ORQu2Zb/a1WXrYVSLsVtc+qtNqu82fRwNGwMNwXrmeME24e22MBj777RMEEL7c9k
        vvhmgw1aeO5HPIDudoarKI/4QRRZZu+hAqUB6ccBUQKBgQD4a8ZfCdTIl1wHPfOg
        XfzygHDf5MW+B46x+DHaPLkpluAl17zdFPkgw7p87Pt1X1oPM47pHVt89qt9Ai0o
        lTqGiRm8NiYPhmgylxsaHaJXb4nXHyQiQdHMMaynhIU/9ObuzmbSNfmFs2Qduko0
        to6tiVPe7rgmvyvI0k2k29guEQKBgQDFMdbeGS/2SO3dgHeDhPrKXEKG5L+/Cj0t
        dcBM5FWccaQOdXEnI+1AQiNahRRhSO2JWc1RvP+jhviljOz9Lgc7oZTkvn5yKtX0
        KE3kLGsb1xDCO2Qu7RtmkOfL/uQHuBNpA4KEkYIeaVfOFJY/KHQoELV3SrauzwZr
        BSthpgj5WwKBgQCD42Q8DNIldQZs6d0wZPXoIXzLwX+idgyyO9zrypVbmTiDntgs
        X/gsBv45WO/fzrHXpD3ZUbbCz4sYIVGsXB3oU12QaQcn8unbAhJneRg5Z4Q869GZ
        RmyGBlFt1pOP8wuv+XDpZbKF40nh5oeDGPEC/QfEMeUe3Rv30H9caUOKoQKBgAtO
        tlF6BEQNHoarDS9feroL3Ey75TrhLWzj6aj/FuGnqo6hsWFbMAmVQU25f9esROKx
        YZKkUcxguvVTRWunLgb/Vvhe7AVD64zamszQtzubc3yPx0jhk8an3ILYFN9UcNh+
        uQc9CMcRp1VL3Om2OiLqAl3azOrtOCL+4uPwj2ctAoGBAIYdo/W75IKqGNtcdH01
        THw4JtjKeSRwdkud3JdOGKTTgDO8R+2eETf8SwoRnKTOIBzIFULz5OZxB0zq3r/q
        AVR6YVzCY+PcgwLpnW+pPEFf210G1rgMYpCa9hH+fAQYjeNzMGXivlshhdO6BEn8
        Obj59Ovos/nfN4b1YsNE7D4w
        -----END PRIVATE KEY-----
        """

}
