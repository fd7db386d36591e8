apikey-issued =
    Ваш API-ключ для API юриста (только ваши дела). Он показан один раз: скопируйте его в систему учёта дел и удалите это сообщение.

    <code>{ $key }</code>

    Передавайте его как «Authorization: Bearer …» к { $prefix }/cases. Команда /apikey revoke отзывает все ваши ключи.
apikey-revoked =
    { $count ->
        [0] У вас нет API-ключей.
        [one] Ваш API-ключ отозван: { $count }.
        [few] Отозваны ваши API-ключи: { $count }.
       *[other] Отозваны ваши API-ключи: { $count }.
    }
apikey-too-many = У вас уже { $count } API-ключей. Отправьте /apikey revoke, чтобы отозвать их, и запросите новый.
